"""A real SMTP server for the tests (aiosmtpd), on a free port of this machine, keeping what it receives."""

import email
import email.policy

from aiosmtpd.controller import Controller

from tests.ports import free_port


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        self.messages.append(message)
        return "250 Message accepted for delivery"

    def to(self, address):
        return [message for message in self.messages if address in message["To"]]


class MailServer:
    """Start, stop and start again on the same port, as a real server going down and coming back."""

    def __init__(self):
        self.inbox = Inbox()
        self.port = free_port()
        self.controller = None

    def start(self):
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self):
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


def body(message):
    part = message.get_body(preferencelist=("plain",))
    return part.get_content()
