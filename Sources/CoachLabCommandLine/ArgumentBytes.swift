import CoachLabData
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import CoachLabSystem

/// The process's arguments as the system gives them: bytes. Swift reads them as UTF-8
/// text, replacing what is not (a folder named with byte 0xFF) by U+FFFD, so such a path
/// would name no file and be reported as "not a dataset folder".
enum ArgumentBytes {
    /// Why an argument cannot be used, naming it with its bytes written out; nil when
    /// every argument is UTF-8.
    static func problem() -> String? {
        for index in 1..<Int(CommandLine.argc) {
            guard let argument = CommandLine.unsafeArgv[index] else { continue }
            let bytes = Array(UnsafeBufferPointer(start: argument, count: strlen(argument))).map { UInt8(bitPattern: $0) }
            if String(validating: bytes, as: UTF8.self) == nil {
                return "argument \(index) '\(DisplayText.escaped(bytes: bytes))' is not UTF-8 text: coachlab reads its arguments, paths included, as UTF-8; rename the file or folder, or give it through a link whose name is UTF-8"
            }
        }
        return nil
    }
}
