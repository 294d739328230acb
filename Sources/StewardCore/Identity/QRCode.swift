import Foundation

public enum QRCodeError: Error, Equatable, Sendable {
    /// More bytes than a version 40 symbol at level M holds.
    case dataTooLong(byteCount: Int, limit: Int)
}

/// A QR Code (ISO/IEC 18004) in byte mode at error correction level M, small enough to render server-side
/// so the TOTP secret never leaves the page for a third-party QR service.
public struct QRCode: Sendable {
    public let size: Int
    public let version: Int
    public let mask: Int
    private let modules: [Bool]

    /// Outside the symbol is light, which is what a reader sees in the quiet zone.
    public func isDark(x: Int, y: Int) -> Bool {
        guard x >= 0, y >= 0, x < size, y < size else { return false }
        return modules[y * size + x]
    }

    /// The smallest version that fits, with the mask that scores lowest on the standard penalty rules.
    public static func encode(_ text: String) throws -> QRCode {
        try encode(bytes: Array(text.utf8), mask: nil)
    }

    /// A fixed mask; exists so tests can compare against encoders whose mask choice differs.
    public static func encode(_ text: String, mask: Int) throws -> QRCode {
        precondition((0..<8).contains(mask), "QR masks are numbered 0 through 7")
        return try encode(bytes: Array(text.utf8), mask: mask)
    }

    public func svg(moduleSize: Int = 4, quietZone: Int = 4, title: String) -> String {
        let quiet = max(0, quietZone)
        let extent = size + 2 * quiet
        let pixels = extent * max(1, moduleSize)
        // One subpath per horizontal run of dark modules keeps the path a fraction of one-per-module.
        var path = ""
        for y in 0..<size {
            var x = 0
            while x < size {
                guard isDark(x: x, y: y) else {
                    x += 1
                    continue
                }
                let start = x
                while x < size, isDark(x: x, y: y) { x += 1 }
                path += "M\(start + quiet) \(y + quiet)h\(x - start)v1h-\(x - start)z"
            }
        }
        return #"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 \#(extent) \#(extent)" "#
            + #"width="\#(pixels)" height="\#(pixels)" role="img" aria-labelledby="qr-title" "#
            + #"shape-rendering="crispEdges"><title id="qr-title">\#(Markup.escape(title))</title>"#
            + ##"<rect fill="#fff" width="\##(extent)" height="\##(extent)"/><path fill="#000" d="\##(path)"/></svg>"##
    }

    // MARK: Encoding

    private static func encode(bytes: [UInt8], mask forcedMask: Int?) throws -> QRCode {
        guard let version = (1...40).first(where: { bytes.count <= byteCapacity(version: $0) }) else {
            throw QRCodeError.dataTooLong(byteCount: bytes.count, limit: byteCapacity(version: 40))
        }
        var matrix = QRMatrix(version: version)
        matrix.drawFunctionPatterns()
        matrix.drawCodewords(addErrorCorrection(dataCodewords(bytes, version: version), version: version))

        var best: (penalty: Int, mask: Int, matrix: QRMatrix)?
        for mask in forcedMask.map({ [$0] }) ?? Array(0..<8) {
            var candidate = matrix
            candidate.apply(mask: mask)
            candidate.drawFormatBits(mask: mask)
            let penalty = candidate.penalty()
            // Strictly lower, so ties go to the lowest mask number, as in the reference encoders.
            if best.map({ penalty < $0.penalty }) ?? true {
                best = (penalty, mask, candidate)
            }
        }
        let chosen = best!
        return QRCode(size: chosen.matrix.size, version: version, mask: chosen.mask, modules: chosen.matrix.dark)
    }

    private init(size: Int, version: Int, mask: Int, modules: [Bool]) {
        self.size = size
        self.version = version
        self.mask = mask
        self.modules = modules
    }

    /// Level M error correction codewords per block and number of blocks, indexed by version (0 unused).
    /// How the blocks split into short and long ones follows from the total, so it isn't tabulated.
    private static let eccPerBlock = [
        0, 10, 16, 26, 18, 24, 16, 18, 22, 22, 26, 30, 22, 22, 24, 24, 28, 28, 26, 26, 26,
        26, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28, 28,
    ]
    private static let blockCount = [
        0, 1, 1, 1, 2, 2, 4, 4, 4, 5, 5, 5, 8, 9, 9, 10, 10, 11, 13, 14, 16,
        17, 17, 18, 20, 21, 23, 25, 26, 28, 29, 31, 33, 35, 37, 38, 40, 43, 45, 47, 49,
    ]

    /// Modules left for data and error correction once function patterns and format/version areas are taken.
    static func rawDataModules(version: Int) -> Int {
        var result = (16 * version + 128) * version + 64
        if version >= 2 {
            let alignments = version / 7 + 2
            result -= (25 * alignments - 10) * alignments - 55
            if version >= 7 { result -= 36 }
        }
        return result
    }

    static func dataCodewordCount(version: Int) -> Int {
        rawDataModules(version: version) / 8 - eccPerBlock[version] * blockCount[version]
    }

    /// The byte-mode character count field grows from 8 to 16 bits at version 10.
    private static func countBits(version: Int) -> Int { version < 10 ? 8 : 16 }

    static func byteCapacity(version: Int) -> Int {
        (dataCodewordCount(version: version) * 8 - 4 - countBits(version: version)) / 8
    }

    private static func dataCodewords(_ bytes: [UInt8], version: Int) -> [UInt8] {
        let capacityBits = dataCodewordCount(version: version) * 8
        var bits: [Bool] = []
        func append(_ value: Int, width: Int) {
            for shift in stride(from: width - 1, through: 0, by: -1) { bits.append((value >> shift) & 1 == 1) }
        }
        append(0b0100, width: 4)
        append(bytes.count, width: countBits(version: version))
        for byte in bytes { append(Int(byte), width: 8) }
        append(0, width: min(4, capacityBits - bits.count))
        append(0, width: (8 - bits.count % 8) % 8)
        var codewords = stride(from: 0, to: bits.count, by: 8).map { start in
            bits[start..<start + 8].reduce(UInt8(0)) { $0 << 1 | ($1 ? 1 : 0) }
        }
        for pad in 0..<(capacityBits / 8 - codewords.count) { codewords.append(pad % 2 == 0 ? 0xEC : 0x11) }
        return codewords
    }

    /// Splits into blocks, appends each block's Reed–Solomon codewords, then interleaves so that a damaged
    /// area of the symbol is spread over several blocks.
    private static func addErrorCorrection(_ data: [UInt8], version: Int) -> [UInt8] {
        let blocks = blockCount[version]
        let eccLength = eccPerBlock[version]
        let totalCodewords = rawDataModules(version: version) / 8
        let shortBlocks = blocks - totalCodewords % blocks
        let shortDataLength = totalCodewords / blocks - eccLength
        let divisor = ReedSolomon.divisor(degree: eccLength)

        var dataBlocks: [[UInt8]] = []
        var eccBlocks: [[UInt8]] = []
        var start = 0
        for index in 0..<blocks {
            let length = shortDataLength + (index < shortBlocks ? 0 : 1)
            let block = Array(data[start..<start + length])
            start += length
            dataBlocks.append(block)
            eccBlocks.append(ReedSolomon.remainder(block, divisor: divisor))
        }
        var result: [UInt8] = []
        result.reserveCapacity(totalCodewords)
        for index in 0...shortDataLength {
            for block in dataBlocks where index < block.count { result.append(block[index]) }
        }
        for index in 0..<eccLength {
            for block in eccBlocks { result.append(block[index]) }
        }
        return result
    }
}

/// Arithmetic in GF(2^8) modulo x^8 + x^4 + x^3 + x^2 + 1, the field QR codes use.
private enum ReedSolomon {
    static func multiply(_ x: UInt8, _ y: UInt8) -> UInt8 {
        var product = 0
        for bit in stride(from: 7, through: 0, by: -1) {
            product = (product << 1) ^ ((product >> 7) * 0x11D)
            product ^= ((Int(y) >> bit) & 1) * Int(x)
        }
        return UInt8(product)
    }

    /// Generator polynomial (x - α^0)(x - α^1)…(x - α^(degree-1)), highest coefficient (always 1) omitted.
    static func divisor(degree: Int) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: degree)
        result[degree - 1] = 1
        var root: UInt8 = 1
        for _ in 0..<degree {
            for index in 0..<degree {
                result[index] = multiply(result[index], root)
                if index + 1 < degree { result[index] ^= result[index + 1] }
            }
            root = multiply(root, 0x02)
        }
        return result
    }

    static func remainder(_ data: [UInt8], divisor: [UInt8]) -> [UInt8] {
        var result = [UInt8](repeating: 0, count: divisor.count)
        for byte in data {
            let factor = byte ^ result.removeFirst()
            result.append(0)
            for index in result.indices { result[index] ^= multiply(divisor[index], factor) }
        }
        return result
    }
}
