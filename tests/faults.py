"""A TCP proxy in front of PostgreSQL that a test can cut and restore, to play a database outage."""

import contextlib
import socket
import socketserver
import threading

from tests.ports import free_port


class _Handler(socketserver.BaseRequestHandler):
    def handle(self):
        upstream = socket.create_connection(self.server.upstream)
        self.server.live.add(self.request)
        self.server.live.add(upstream)
        done = threading.Event()

        def pump(source, target):
            try:
                while chunk := source.recv(65536):
                    target.sendall(chunk)
            except OSError:
                pass
            done.set()

        threading.Thread(target=pump, args=(upstream, self.request), daemon=True).start()
        pump(self.request, upstream)
        done.wait(1)
        for connection in (upstream, self.request):
            self.server.live.discard(connection)
            connection.close()


class _Server(socketserver.ThreadingTCPServer):
    allow_reuse_address = True
    daemon_threads = True


class DatabaseProxy:
    """Forwards 127.0.0.1:<port> to PostgreSQL; cut() closes everything, restore() listens again."""

    def __init__(self, upstream=("127.0.0.1", 5432)):
        self.upstream = upstream
        self.port = free_port()
        self.server = None

    def restore(self):
        self.server = _Server(("127.0.0.1", self.port), _Handler)
        self.server.upstream = self.upstream
        self.server.live = set()
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def cut(self):
        self.server.shutdown()
        self.server.server_close()
        for connection in list(self.server.live):
            with contextlib.suppress(OSError):
                connection.shutdown(socket.SHUT_RDWR)
            connection.close()
