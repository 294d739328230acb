import StewardServer

// Everything lives in StewardServer so the tests can boot the same application.
try await StewardEntrypoint.run()
