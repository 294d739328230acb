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
            + #"shape-rendering="crispEdges"><title id="qr-title">\#(Self.escapeXML(title))</title>"#
            + ##"<rect fill="#fff" width="\##(extent)" height="\##(extent)"/><path fill="#000" d="\##(path)"/></svg>"##
    }

    static func escapeXML(_ text: String) -> String {
        var output = ""
        for character in text {
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"": output += "&quot;"
            case "'": output += "&apos;"
            default: output.append(character)
            }
        }
        return output
    }

    // MARK: Encoding

    private static func encode(bytes: [UInt8], mask forcedMask: Int?) throws -> QRCode {
        guard let version = (1...40).first(where: { bytes.count <= byteCapacity(version: $0) }) else {
            throw QRCodeError.dataTooLong(byteCount: bytes.count, limit: byteCapacity(version: 40))
        }
        var matrix = Matrix(version: version)
        matrix.drawFunctionPatterns()
        matrix.drawCodewords(addErrorCorrection(dataCodewords(bytes, version: version), version: version))

        var best: (penalty: Int, mask: Int, matrix: Matrix)?
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

/// The module grid while it is being built. `reserved` marks function modules, which masks must not touch.
private struct Matrix {
    let version: Int
    let size: Int
    var dark: [Bool]
    var reserved: [Bool]

    init(version: Int) {
        self.version = version
        size = 17 + 4 * version
        dark = Array(repeating: false, count: size * size)
        reserved = dark
    }

    subscript(x: Int, y: Int) -> Bool { dark[y * size + x] }

    mutating func setFunction(_ x: Int, _ y: Int, _ isDark: Bool) {
        dark[y * size + x] = isDark
        reserved[y * size + x] = true
    }

    mutating func drawFunctionPatterns() {
        for index in 0..<size {
            setFunction(6, index, index % 2 == 0)
            setFunction(index, 6, index % 2 == 0)
        }
        // Finders (with their separators) go on top of the timing patterns where they overlap.
        for (x, y) in [(3, 3), (size - 4, 3), (3, size - 4)] {
            for dy in -4...4 {
                for dx in -4...4 where (0..<size).contains(x + dx) && (0..<size).contains(y + dy) {
                    let ring = max(abs(dx), abs(dy))
                    setFunction(x + dx, y + dy, ring != 2 && ring != 4)
                }
            }
        }
        let positions = alignmentPositions()
        let last = positions.count - 1
        for (row, y) in positions.enumerated() {
            for (column, x) in positions.enumerated() {
                // The three corners already hold finders.
                if (row == 0 && column == 0) || (row == 0 && column == last) || (row == last && column == 0) {
                    continue
                }
                for dy in -2...2 {
                    for dx in -2...2 { setFunction(x + dx, y + dy, max(abs(dx), abs(dy)) != 1) }
                }
            }
        }
        // Reserves the format areas so codewords skip them; each mask redraws them with its own bits.
        drawFormatBits(mask: 0)
        drawVersionBits()
    }

    /// Evenly spaced between 6 and size - 7, the gaps rounded to even; version 32 is the one exception.
    func alignmentPositions() -> [Int] {
        guard version > 1 else { return [] }
        let count = version / 7 + 2
        let step = version == 32 ? 26 : (version * 4 + count * 2 + 1) / (count * 2 - 2) * 2
        return [6] + (0..<(count - 1)).reversed().map { size - 7 - $0 * step }
    }

    /// Level M (00) and the mask, BCH(15,5)-protected and XOR-ed with 0x5412 so it is never all light.
    mutating func drawFormatBits(mask: Int) {
        let data = mask
        var remainder = data
        for _ in 0..<10 { remainder = (remainder << 1) ^ ((remainder >> 9) * 0x537) }
        let bits = (data << 10 | remainder) ^ 0x5412
        func bit(_ index: Int) -> Bool { (bits >> index) & 1 == 1 }

        for index in 0...5 { setFunction(8, index, bit(index)) }
        setFunction(8, 7, bit(6))
        setFunction(8, 8, bit(7))
        setFunction(7, 8, bit(8))
        for index in 9..<15 { setFunction(14 - index, 8, bit(index)) }

        for index in 0..<8 { setFunction(size - 1 - index, 8, bit(index)) }
        for index in 8..<15 { setFunction(8, size - 15 + index, bit(index)) }
        setFunction(8, size - 8, true)  // the "dark module", always dark
    }

    /// Versions 7 and up carry their number twice, BCH(18,6)-protected, beside the top-right and bottom-left finders.
    mutating func drawVersionBits() {
        guard version >= 7 else { return }
        var remainder = version
        for _ in 0..<12 { remainder = (remainder << 1) ^ ((remainder >> 11) * 0x1F25) }
        let bits = version << 12 | remainder
        for index in 0..<18 {
            let isDark = (bits >> index) & 1 == 1
            let a = size - 11 + index % 3
            let b = index / 3
            setFunction(a, b, isDark)
            setFunction(b, a, isDark)
        }
    }

    /// Two-module-wide columns from the right, alternately upwards and downwards, skipping the vertical timing
    /// column. Leftover remainder bits stay light.
    mutating func drawCodewords(_ codewords: [UInt8]) {
        var bitIndex = 0
        var right = size - 1
        while right >= 1 {
            if right == 6 { right = 5 }
            let upward = (right + 1) & 2 == 0
            for vertical in 0..<size {
                let y = upward ? size - 1 - vertical : vertical
                for x in [right, right - 1] where !reserved[y * size + x] && bitIndex < codewords.count * 8 {
                    dark[y * size + x] = (codewords[bitIndex >> 3] >> (7 - (bitIndex & 7))) & 1 == 1
                    bitIndex += 1
                }
            }
            right -= 2
        }
    }

    mutating func apply(mask: Int) {
        for y in 0..<size {
            for x in 0..<size where !reserved[y * size + x] {
                let invert: Bool
                switch mask {
                case 0: invert = (x + y) % 2 == 0
                case 1: invert = y % 2 == 0
                case 2: invert = x % 3 == 0
                case 3: invert = (x + y) % 3 == 0
                case 4: invert = (x / 3 + y / 2) % 2 == 0
                case 5: invert = x * y % 2 + x * y % 3 == 0
                case 6: invert = (x * y % 2 + x * y % 3) % 2 == 0
                default: invert = ((x + y) % 2 + x * y % 3) % 2 == 0
                }
                if invert { dark[y * size + x].toggle() }
            }
        }
    }

    /// ISO/IEC 18004 §7.8.3 evaluated on the finished symbol, format bits included. Where the standard is
    /// vague about the finder-like pattern (N3) this follows ZXing: each 1011101 run counts once if four light
    /// modules precede or follow it, and the quiet zone beyond the edge counts as light.
    func penalty() -> Int {
        var score = 0
        for index in 0..<size {
            score += Self.linePenalty((0..<size).map { self[$0, index] })
            score += Self.linePenalty((0..<size).map { self[index, $0] })
        }
        for y in 0..<(size - 1) {
            for x in 0..<(size - 1) {
                let colour = self[x, y]
                if colour == self[x + 1, y], colour == self[x, y + 1], colour == self[x + 1, y + 1] { score += 3 }
            }
        }
        let darkCount = dark.reduce(0) { $0 + ($1 ? 1 : 0) }
        let total = size * size
        // 10 points for each full 5% step away from half dark.
        score += abs(darkCount * 20 - total * 10) / total * 10
        return score
    }

    /// N1 (runs of five or more of one colour) and N3 (finder-like patterns) along one row or column.
    private static func linePenalty(_ line: [Bool]) -> Int {
        var score = 0
        var runColour = line[0]
        var runLength = 0
        for module in line {
            if module == runColour {
                runLength += 1
            } else {
                if runLength >= 5 { score += runLength - 2 }
                runColour = module
                runLength = 1
            }
        }
        if runLength >= 5 { score += runLength - 2 }

        func isLight(_ range: Range<Int>) -> Bool { range.allSatisfy { $0 < 0 || $0 >= line.count || !line[$0] } }
        for start in 0..<(line.count - 6)
        where line[start] && !line[start + 1] && line[start + 2] && line[start + 3] && line[start + 4]
            && !line[start + 5] && line[start + 6]
        {
            if isLight(start - 4..<start) || isLight(start + 7..<start + 11) { score += 40 }
        }
        return score
    }
}
