import Foundation

extension DemoData {
    /// The demo client's logo (City of Example: a teal disc with a white "C"), a 64×64 PNG.
    static let clientLogo: [UInt8] = Array(
        Data(
            base64Encoded:
                "iVBORw0KGgoAAAANSUhEUgAAAEAAAABACAYAAACqaXHeAAAA+UlEQVR42u2bwRGEQAgETcC8DcB8NQJLH8wwuE3Vfe/s1jqBhW0j"
                + "CFvs53F9+SwH/CshVdDjZKjBY0W4waNEdMO3SUgBbxGRCm+RkA4vlTAFXiKh8sLeIk6CGlgtpE1AdbQISIFvkZAEXiFCLsAdUgHp"
                + "8HIJE+BlAhx3v+K7ZH+IKvhKsdK8IAH+6Tfk2aHi7ldlkpYUOQ3eXihVChhZKSZWdDYBqSWtTcIqj79cwNiOEQIQgAAEIIDX4MKJ"
                + "0PKpMMUQ5TANEVpiNEVpi3MwwtEYh6McjzMgwYgMQ1KMyTEoyagsw9KMy7MwwcoMS1OszbE4yeos8fO4AZa8XjXSkNlvAAAAAElF"
                + "TkSuQmCC"
        )!)
}
