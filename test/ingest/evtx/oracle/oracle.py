#!/usr/bin/python3
"""Differential-test oracle: runs libevtx's `evtxexport -f xml` or python-evtx over an .evtx
file and prints one JSON object per record with the fields the tests compare:
{"id", "eid", "time", "computer", "channel", "provider", "data": [[tag, name|null, text], ...] | null,
 "user": [text, ...] | null}. Values are the peer's text, unnormalised (the test normalises).
Usage: oracle.py libevtx|libevtx-recovered|libevtx-xml|python FILE
(libevtx-recovered: `evtxexport -m recovered`; libevtx-xml: {"id", "xml"} raw Event XML blocks)
"""
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET

NS = '{http://schemas.microsoft.com/win/2004/08/events/event}'
BAD = re.compile('[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]')
BAD_REF = re.compile(r'&#x?0*(?:[0-8]|1[0-9a-fA-F]?|[bcefBCEF])?;')


def local(tag):
    return tag.split('}', 1)[1] if '}' in tag else tag


def text_of(el):
    return ''.join(el.itertext())


def leaves(el, out):
    kids = list(el)
    if not kids:
        out.append(text_of(el))
        return
    for k in kids:
        leaves(k, out)


def record(xml_text):
    xml_text = BAD.sub('', xml_text)
    root = ET.fromstring(xml_text)
    sysel = root.find(NS + 'System')
    if sysel is None:
        sysel = root.find('System')
    rec = {'id': None, 'eid': None, 'time': None, 'computer': None, 'channel': None, 'provider': None,
           'data': None, 'user': None}
    for c in list(sysel) if sysel is not None else []:
        n = local(c.tag)
        if n == 'EventRecordID':
            rec['id'] = int(text_of(c))
        elif n == 'EventID':
            rec['eid'] = text_of(c)
        elif n == 'TimeCreated':
            rec['time'] = c.get('SystemTime')
        elif n == 'Computer':
            rec['computer'] = text_of(c)
        elif n == 'Channel':
            rec['channel'] = text_of(c)
        elif n == 'Provider':
            rec['provider'] = c.get('Name')
    for c in list(root):
        n = local(c.tag)
        if n == 'EventData':
            rec['data'] = [[local(d.tag), d.get('Name'), text_of(d)] for d in list(c)]
        elif n == 'UserData':
            out = []
            for k in list(c):
                leaves(k, out)
            rec['user'] = out
    return rec


def emit(rec):
    try:
        sys.stdout.write(json.dumps(rec) + '\n')
    except BrokenPipeError:
        sys.exit(0)


def libevtx(path, mode='items'):
    p = subprocess.run(['evtxexport', '-f', 'xml', '-m', mode, path], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    out = p.stdout.decode('utf-8', 'replace')
    for m in re.finditer(r'<Event[ >].*?</Event>', out, re.S):
        try:
            emit(record(m.group(0)))
        except Exception as e:  # noqa: BLE001
            emit({'error': 'xml: %s' % e})


def libevtx_xml(path):
    """Raw Event XML blocks as evtxexport writes them, keyed by EventRecordID."""
    p = subprocess.run(['evtxexport', '-f', 'xml', path], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    out = p.stdout.decode('utf-8', 'surrogateescape')
    for m in re.finditer(r'<Event[ >].*?</Event>', out, re.S):
        rid = re.search(r'<EventRecordID>(\d+)</EventRecordID>', m.group(0))
        try:
            emit({'id': int(rid.group(1)) if rid else None, 'xml': m.group(0)})
        except UnicodeEncodeError:
            emit({'id': int(rid.group(1)) if rid else None, 'xml': m.group(0).encode('utf-8', 'surrogateescape').decode('utf-8', 'replace')})


def python_evtx(path):
    import mmap
    from Evtx.Evtx import ChunkHeader
    with open(path, 'rb') as f:
        buf = mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ)
        ofs = 0x1000
        while ofs + 0x10000 <= len(buf):
            if buf[ofs:ofs + 8] == b'ElfChnk\x00':
                chunk = ChunkHeader(buf, ofs)
                try:
                    recs = chunk.records()
                    for r in recs:
                        try:
                            emit(record(r.xml()))
                        except Exception as e:  # noqa: BLE001
                            emit({'error': '%s: %s' % (type(e).__name__, e)})
                except Exception as e:  # noqa: BLE001
                    emit({'error': 'chunk: %s: %s' % (type(e).__name__, e)})
            ofs += 0x10000


if __name__ == '__main__':
    if sys.argv[1] == 'libevtx':
        libevtx(sys.argv[2])
    elif sys.argv[1] == 'libevtx-xml':
        libevtx_xml(sys.argv[2])
    elif sys.argv[1] == 'libevtx-recovered':
        libevtx(sys.argv[2], 'recovered')
    else:
        python_evtx(sys.argv[2])
