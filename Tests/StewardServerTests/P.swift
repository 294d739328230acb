import Testing
@Test func serverPlaceholder() { #expect(1 == 1) }
