import Foundation

/// A TCP proxy on loopback in front of the test PostgreSQL (python asyncio): stopping it is the
/// database going away for whoever connects through it (connections cut, new ones refused) without
/// touching the cluster the other tests share; starting it again on the same port brings it back.
final class TCPProxy {
    let port: Int
    private let targetPort: Int
    private let databaseURL: String
    private var process: Process?

    init(to databaseURL: String) throws {
        guard let components = URLComponents(string: databaseURL), let targetPort = components.port else {
            throw TimeoutError(what: "a port in the database URL")
        }
        self.databaseURL = databaseURL
        self.targetPort = targetPort
        port = try ReloadListener.freePort()
        try start()
    }

    /// The database URL through the proxy.
    var url: String {
        var components = URLComponents(string: databaseURL)!
        components.port = port
        return components.string!
    }

    func start() throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", """
            import asyncio, sys
            listen, target = int(sys.argv[1]), int(sys.argv[2])
            async def pipe(reader, writer):
                try:
                    while data := await reader.read(65536):
                        writer.write(data)
                        await writer.drain()
                finally:
                    writer.close()
            async def handle(client_reader, client_writer):
                try:
                    server_reader, server_writer = await asyncio.open_connection('127.0.0.1', target)
                except OSError:
                    client_writer.close()
                    return
                await asyncio.gather(pipe(client_reader, server_writer), pipe(server_reader, client_writer), return_exceptions=True)
            async def main():
                server = await asyncio.start_server(handle, '127.0.0.1', listen, reuse_address=True)
                print('ready', flush=True)
                await server.serve_forever()
            asyncio.run(main())
            """, String(port), String(targetPort)]
        let ready = Pipe()
        process.standardOutput = ready
        try process.run()
        _ = ready.fileHandleForReading.availableData  // "ready": listening
        self.process = process
    }

    /// SIGKILL (the test runner's ignored SIGTERM is inherited): every connection through it drops.
    func stop() {
        guard let process else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        self.process = nil
    }

    deinit { stop() }
}
