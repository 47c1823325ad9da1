"""Ports for the servers that tests start, and for addresses where nothing answers."""

import socket


def free_port():
    """A port of this machine that nothing listens on: the system gave it, and it was closed again."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]
