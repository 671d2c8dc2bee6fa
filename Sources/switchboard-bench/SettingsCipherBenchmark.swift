import Foundation
import SwitchboardModel
import SwitchboardStore

/// How much storing a channel's settings costs: written as JSON, then encrypted (AES-256-GCM, a
/// random nonce each) and base64-encoded. A first apply does it for every channel with settings,
/// e-mail and WhatsApp alike, while the database writes.
enum SettingsCipherBenchmark {
    static func run() {
        let key: EncryptionKey
        do { key = try EncryptionKey(base64: EncryptionKey.generateBase64()) } catch { fail("\(error)") }
        let email = SettingValues([
            "smtp.host": .text("smtp.example"), "smtp.port": .text("587"), "smtp.secure": .text("true"),
            "smtp.user": .text("contact@acme.example"), "smtp.password": .text("Sup3r-Secret!"),
            "smtp.fromEmail": .text("contact@acme.example"), "smtp.fromName": .text("Clinique Émile"),
        ])
        let whatsapp = SettingValues([
            "connectionMethod": .text("cloud_api"), "whatsappNumber": .text("+33612345678"),
            "phoneNumberId": .text("106540352242922"), "apiToken": .text("EAAGm0PX4ZCpsBA-token"),
        ])
        let count = 100_000
        var best = Double.infinity
        for _ in 0..<5 {
            best = min(best, seconds {
                for index in 0..<count { _ = try? SettingsCipher.encrypt(index % 2 == 0 ? email : whatsapp, with: key) }
            })
        }
        print(String(format: "channel settings stored (e-mail and WhatsApp, one each in turn): %.2f µs each, best of 5 runs of %d",
                     best / Double(count) * 1e6, count))
    }
}
