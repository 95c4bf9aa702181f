#!/usr/bin/python3
"""Hostile services for the lab target: what -sV must survive without losing time, memory or the real answers.

  7101  a banner built to make match lines backtrack: 15 KB of header-like lines that never end the way
        the patterns want
  7102  an endless fast stream
  7103  one byte a second, forever
  7104  reset on accept
  7105  binary noise (the same bytes on every connection, so that nmap and prtip see the same thing)
  7106  an echo that doubles what it hears

Usage: hostile.py ADDRESS   (runs until killed)
"""
import asyncio
import random
import socket
import struct
import sys

ADDRESS = sys.argv[1] if len(sys.argv) > 1 else "127.0.0.1"
BACKTRACK = (b"HTTP/1.1 200 OK\r\n" + b"Server: " + b"a-" * 60 + b"\r\n" +
             b"".join(b"X-%d: " % i + b"(" * 40 + b"0" * 40 + b"\r\n" for i in range(120)))[:15000]
NOISE = random.Random(7105).randbytes(4096)
CHUNK = bytes(range(32, 127)) * 100


async def backtrack(reader, writer):
    writer.write(BACKTRACK)
    await writer.drain()
    await reader.read(1 << 16)
    await asyncio.sleep(30)


async def stream(reader, writer):
    while True:
        writer.write(CHUNK)
        await writer.drain()


async def drip(reader, writer):
    for i in range(3600):
        writer.write(b"%c" % (65 + i % 26))
        await writer.drain()
        await asyncio.sleep(1)


async def noise(reader, writer):
    writer.write(NOISE)
    await writer.drain()
    while await reader.read(1 << 16):
        writer.write(NOISE[:1024])
        await writer.drain()


async def double_echo(reader, writer):
    while data := await reader.read(1 << 16):
        writer.write(data + data)
        await writer.drain()


def handler(serve):
    async def run(reader, writer):
        try:
            await serve(reader, writer)
        except (ConnectionError, OSError):
            pass
        finally:
            writer.close()
    return run


class Reset(asyncio.Protocol):
    def connection_made(self, transport):
        sock = transport.get_extra_info("socket")
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        transport.abort()


async def main():
    loop = asyncio.get_running_loop()
    servers = [await asyncio.start_server(handler(f), ADDRESS, port, backlog=256)
               for port, f in ((7101, backtrack), (7102, stream), (7103, drip), (7105, noise), (7106, double_echo))]
    servers.append(await loop.create_server(Reset, ADDRESS, 7104, backlog=256))
    await asyncio.gather(*(s.serve_forever() for s in servers))


asyncio.run(main())
