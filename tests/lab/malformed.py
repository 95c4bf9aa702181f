#!/usr/bin/python3
"""Sends malformed frames from the lab target to the scanner's source port: a TCP header whose data offset runs past
the packet, an IPv4 header claiming more bytes than the frame holds, and an ICMP error quoting half a header.

Usage: malformed.py IFACE DST_MAC SRC_IP DST_IP DST_PORT COUNT   (run inside the target's namespace)
"""
import socket
import struct
import sys

iface, dst_mac, src_ip, dst_ip, dport, count = sys.argv[1:7]
dport, count = int(dport), int(count)
s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
s.bind((iface, 0))
src_mac = s.getsockname()[4]
eth = bytes.fromhex(dst_mac.replace(":", "")) + src_mac + b"\x08\x00"


def ip(proto, payload, total=None):
    total = total if total is not None else 20 + len(payload)
    header = struct.pack("!BBHHHBBH4s4s", 0x45, 0, total, 1, 0, 64, proto, 0,
                         socket.inet_aton(src_ip), socket.inet_aton(dst_ip))
    return header + payload


bad_offset = struct.pack("!HHIIBBHHH", 80, dport, 1, 2, 0xF0, 0x12, 1024, 0, 0)   # data offset 60 in a 20-byte header
long_claim = struct.pack("!HHIIBBHHH", 80, dport, 1, 2, 0x50, 0x12, 1024, 0, 0)
short_quote = struct.pack("!BBHI", 3, 3, 0, 0) + b"\x45\x00\x00"
frames = [eth + ip(6, bad_offset), eth + ip(6, long_claim, total=400), eth + ip(1, short_quote)]
for i in range(count):
    s.send(frames[i % len(frames)])
