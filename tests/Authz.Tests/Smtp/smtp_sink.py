"""A loopback SMTP sink for the tests (needs aiosmtpd: Debian's python3-aiosmtpd).

usage: python3 smtp_sink.py DIRECTORY

Listens on 127.0.0.1 on a port the system picks, prints "READY <port>" once it accepts connections, and
writes every received message, exactly as it came in the DATA command, to DIRECTORY/<n>.eml (written as
.tmp first and renamed, so a reader never sees half a message). Stops when its standard input closes, so
it does not outlive the test process even if that one dies without killing it.
"""

import asyncio
import itertools
import os
import sys
import threading

from aiosmtpd.smtp import SMTP


class DirectoryHandler:
    def __init__(self, directory):
        self._directory = directory
        self._counter = itertools.count(1)

    async def handle_DATA(self, server, session, envelope):
        content = envelope.original_content or envelope.content
        if isinstance(content, str):
            content = content.encode("utf-8")
        name = "%06d" % next(self._counter)
        temporary = os.path.join(self._directory, name + ".tmp")
        with open(temporary, "wb") as stream:
            stream.write(content)
        os.replace(temporary, os.path.join(self._directory, name + ".eml"))
        return "250 Message accepted for delivery"


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: smtp_sink.py DIRECTORY")
    directory = sys.argv[1]
    os.makedirs(directory, exist_ok=True)

    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    handler = DirectoryHandler(directory)
    server = loop.run_until_complete(
        loop.create_server(lambda: SMTP(handler, hostname="smtp-sink.test"), host="127.0.0.1", port=0))
    port = server.sockets[0].getsockname()[1]

    def wait_for_stdin_to_close():
        sys.stdin.read()
        loop.call_soon_threadsafe(loop.stop)

    threading.Thread(target=wait_for_stdin_to_close, daemon=True).start()
    print("READY %d" % port, flush=True)
    try:
        loop.run_forever()
    finally:
        server.close()
        loop.run_until_complete(server.wait_closed())
        loop.close()


if __name__ == "__main__":
    main()
