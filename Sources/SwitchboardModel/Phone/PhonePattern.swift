/// One of libphonenumber's number patterns, compiled for matching strings of digits.
///
/// libphonenumber's metadata uses a small regular-expression subset over digits (the generator
/// refuses anything else): digits, `\d`, `[classes]` with ranges, `(groups)` and `(?:groups)`,
/// `|`, `?`, `{n}`, `{n,m}` and `$`. It compiles to a backtracking program with leftmost-first,
/// greedy semantics (Python's and Java's), and a memo of the (instruction, position) pairs already
/// tried, so a match is linear in the pattern's size whatever it holds. Pure Swift: the model stays
/// free of Foundation, and matching a number costs a few hundred nanoseconds.
public struct PhonePattern: Sendable {
    enum Instruction: Sendable {
        /// One digit whose value is in the mask (bit 0 is `0`).
        case digit(UInt16)
        /// Try `preferred`, then `other`.
        case split(preferred: Int, other: Int)
        case jump(Int)
        /// Records the position in capture slot n (group k opens at 2k, closes at 2k + 1).
        case save(Int)
        /// `$`: only at the end of the input.
        case end
        case match
    }

    let program: [Instruction]
    /// Capturing groups, numbered from 1 as `$1`.
    let groupCount: Int
    /// The digits a match can start with (bit n for digit n): most patterns a number is tried
    /// against fail on its first digit, and this says so without running the program.
    let firstDigits: UInt16
    /// Whether the empty input matches (then `firstDigits` filters nothing).
    let matchesEmpty: Bool

    /// Nil when the pattern uses syntax outside the subset.
    public init?(_ pattern: String) {
        var parser = Parser(Array(pattern.utf8))
        guard let node = parser.alternation(), parser.isAtEnd else { return nil }
        var compiler = Compiler()
        compiler.emit(node)
        compiler.program.append(.match)
        program = compiler.program
        groupCount = parser.groupCount
        (firstDigits, matchesEmpty) = Self.firstDigits(of: compiler.program)
    }

    /// Follows splits, jumps and saves from the start: the digit masks reachable first, and
    /// whether `match` (or `$`) is reachable without a digit.
    private static func firstDigits(of program: [Instruction]) -> (UInt16, Bool) {
        var mask: UInt16 = 0, empty = false
        var seen = Set<Int>(), pending = [0]
        while let pc = pending.popLast() {
            guard seen.insert(pc).inserted else { continue }
            switch program[pc] {
            case .digit(let digits): mask |= digits
            case .split(let preferred, let other): pending += [preferred, other]
            case .jump(let target): pending.append(target)
            case .save: pending.append(pc + 1)
            case .end, .match: empty = true
            }
        }
        return (mask, empty)
    }

    /// Whether the whole of `digits` (values 0…9) matches.
    public func matchesWhole(_ digits: [UInt8]) -> Bool {
        if let first = digits.first, !matchesEmpty, firstDigits & (1 << UInt16(first)) == 0 { return false }
        return run(digits, wholeInput: true) != nil
    }

    /// The match at the start of `digits` (Python's `re.match`): where it ends and each group's
    /// range (nil for a group that did not take part).
    public func matchAtStart(_ digits: [UInt8]) -> (end: Int, groups: [Range<Int>?])? {
        if let first = digits.first, !matchesEmpty, firstDigits & (1 << UInt16(first)) == 0 { return nil }
        guard let (end, slots) = run(digits, wholeInput: false) else { return nil }
        let groups = (1...max(groupCount, 1)).prefix(groupCount).map { group -> Range<Int>? in
            let start = slots[2 * group], stop = slots[2 * group + 1]
            return start >= 0 && stop >= start ? start..<stop : nil
        }
        return (end, groups)
    }

    /// A backtracking entry: resume at `pc` and `position`, or (`slot` >= 0) restore capture
    /// `slot` to `value`. Half the size in 32 bits: a number is read only up to `PhoneNumber.longestInput`.
    private struct Thread {
        var pc: Int32
        var position: Int32
        var slot: Int32 = -1
        var value: Int32 = 0
    }

    /// The backtracking entries of one run: the first 64 on the stack (a number's run takes a few),
    /// any more in an array. Two of these arrays per number read were a tenth of reading it.
    private struct Backtracking {
        let inline: UnsafeMutableBufferPointer<Thread>
        var spilled: [Thread] = []
        var count = 0

        mutating func push(_ thread: Thread) {
            if count < inline.count { inline[count] = thread } else { spilled.append(thread) }
            count += 1
        }

        mutating func pop() -> Thread? {
            guard count > 0 else { return nil }
            count -= 1
            return count < inline.count ? inline[count] : spilled.removeLast()
        }
    }

    private func run(_ input: [UInt8], wholeInput: Bool) -> (Int, [Int])? {
        let width = input.count + 1
        let states = program.count * width
        return withUnsafeTemporaryAllocation(of: UInt64.self, capacity: (states + 63) / 64) { visited in
            withUnsafeTemporaryAllocation(of: Thread.self, capacity: 64) { inline in
                visited.initialize(repeating: 0)
                // Only patterns with groups (national prefixes) record positions.
                var slots = groupCount == 0 ? [] : [Int](repeating: -1, count: 2 * (groupCount + 1))
                var stack = Backtracking(inline: inline)
                stack.push(Thread(pc: 0, position: 0))
                while let thread = stack.pop() {
                    if thread.slot >= 0 {
                        slots[Int(thread.slot)] = Int(thread.value)
                        continue
                    }
                    var pc = Int(thread.pc), position = Int(thread.position)
                    running: while true {
                        let state = pc * width + position
                        if visited[state >> 6] & (1 << UInt64(state & 63)) != 0 { break running }
                        visited[state >> 6] |= 1 << UInt64(state & 63)
                        switch program[pc] {
                        case .digit(let mask):
                            guard position < input.count, mask & (1 << UInt16(input[position])) != 0 else { break running }
                            pc += 1
                            position += 1
                        case .split(let preferred, let other):
                            stack.push(Thread(pc: Int32(other), position: Int32(position)))
                            pc = preferred
                        case .jump(let target):
                            pc = target
                        case .save(let slot):
                            stack.push(Thread(pc: 0, position: 0, slot: Int32(slot), value: Int32(slots[slot])))
                            slots[slot] = position
                            pc += 1
                        case .end:
                            guard position == input.count else { break running }
                            pc += 1
                        case .match:
                            guard !wholeInput || position == input.count else { break running }
                            return (position, slots)
                        }
                    }
                }
                return nil
            }
        }
    }
}

extension PhonePattern {
    indirect enum Node {
        case digits(UInt16)
        case sequence([Node])
        case choice([Node])
        /// A capturing group's number, or nil for `(?:…)`.
        case group(Node, Int?)
        case repeated(Node, min: Int, max: Int)
        case end
    }

    struct Parser {
        let bytes: [UInt8]
        var index = 0
        var groupCount = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var isAtEnd: Bool { index == bytes.count }
        private var next: UInt8? { index < bytes.count ? bytes[index] : nil }

        mutating func alternation() -> Node? {
            var branches: [Node] = []
            repeat {
                if !branches.isEmpty { index += 1 }  // the `|`
                guard let branch = sequence() else { return nil }
                branches.append(branch)
            } while next == UInt8(ascii: "|")
            return branches.count == 1 ? branches[0] : .choice(branches)
        }

        private mutating func sequence() -> Node? {
            var items: [Node] = []
            while let byte = next, byte != UInt8(ascii: "|"), byte != UInt8(ascii: ")") {
                guard let atom = atom(), let item = quantified(atom) else { return nil }
                items.append(item)
            }
            return .sequence(items)
        }

        private mutating func atom() -> Node? {
            guard let byte = next else { return nil }
            index += 1
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                return .digits(1 << UInt16(byte - UInt8(ascii: "0")))
            case UInt8(ascii: "\\"):
                guard next == UInt8(ascii: "d") else { return nil }
                index += 1
                return .digits(0x3FF)
            case UInt8(ascii: "["):
                return digitClass()
            case UInt8(ascii: "$"):
                return .end
            case UInt8(ascii: "("):
                var number: Int?
                if next == UInt8(ascii: "?") {
                    guard index + 1 < bytes.count, bytes[index + 1] == UInt8(ascii: ":") else { return nil }
                    index += 2
                } else {
                    groupCount += 1
                    number = groupCount
                }
                guard let inner = alternation(), next == UInt8(ascii: ")") else { return nil }
                index += 1
                return .group(inner, number)
            default:
                return nil
            }
        }

        /// `[0-24-8]`, `[\d]`: a set of digits.
        private mutating func digitClass() -> Node? {
            var mask: UInt16 = 0
            while let byte = next, byte != UInt8(ascii: "]") {
                index += 1
                if byte == UInt8(ascii: "\\") {
                    guard next == UInt8(ascii: "d") else { return nil }
                    index += 1
                    mask |= 0x3FF
                    continue
                }
                guard let low = digit(byte) else { return nil }
                if next == UInt8(ascii: "-"), index + 1 < bytes.count, let high = digit(bytes[index + 1]) {
                    index += 2
                    guard low <= high else { return nil }
                    for value in low...high { mask |= 1 << UInt16(value) }
                } else {
                    mask |= 1 << UInt16(low)
                }
            }
            guard next == UInt8(ascii: "]") else { return nil }
            index += 1
            return .digits(mask)
        }

        private mutating func quantified(_ atom: Node) -> Node? {
            switch next {
            case UInt8(ascii: "?"):
                index += 1
                return .repeated(atom, min: 0, max: 1)
            case UInt8(ascii: "{"):
                index += 1
                guard let min = number() else { return nil }
                var max = min
                if next == UInt8(ascii: ",") {
                    index += 1
                    guard let upper = number(), upper >= min else { return nil }
                    max = upper
                }
                guard next == UInt8(ascii: "}") else { return nil }
                index += 1
                return .repeated(atom, min: min, max: max)
            default:
                return atom
            }
        }

        private mutating func number() -> Int? {
            var value: Int?
            while let byte = next, let digit = digit(byte) {
                value = (value ?? 0) * 10 + Int(digit)
                index += 1
            }
            return value
        }

        private func digit(_ byte: UInt8) -> UInt8? {
            byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") ? byte - UInt8(ascii: "0") : nil
        }
    }

    struct Compiler {
        var program: [Instruction] = []

        mutating func emit(_ node: Node) {
            switch node {
            case .digits(let mask):
                program.append(.digit(mask))
            case .end:
                program.append(.end)
            case .sequence(let items):
                for item in items { emit(item) }
            case .group(let inner, let number):
                if let number { program.append(.save(2 * number)) }
                emit(inner)
                if let number { program.append(.save(2 * number + 1)) }
            case .choice(let branches):
                // split L1, next; L1: branch; jump end; next: split L2, … ; last branch.
                var jumpsToEnd: [Int] = []
                for (offset, branch) in branches.enumerated() {
                    if offset < branches.count - 1 {
                        let split = program.count
                        program.append(.split(preferred: split + 1, other: -1))
                        emit(branch)
                        jumpsToEnd.append(program.count)
                        program.append(.jump(-1))
                        program[split] = .split(preferred: split + 1, other: program.count)
                    } else {
                        emit(branch)
                    }
                }
                for jump in jumpsToEnd { program[jump] = .jump(program.count) }
            case .repeated(let inner, let min, let max):
                for _ in 0..<min { emit(inner) }
                // Each optional copy: split (take it, skip to the end); greedy takes it first.
                var skips: [Int] = []
                for _ in min..<max {
                    skips.append(program.count)
                    program.append(.split(preferred: program.count + 1, other: -1))
                    emit(inner)
                }
                for skip in skips { program[skip] = .split(preferred: skip + 1, other: program.count) }
            }
        }
    }
}
