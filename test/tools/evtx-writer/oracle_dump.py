#!/usr/bin/python3
"""Independent oracle: python-evtx (Debian python3-evtx 0.6.1) reads an EVTX file and prints JSON:
header and chunk checks (magic, versions, CRCs) and, per record, its System fields and EventData."""
import json
import sys
import xml.etree.ElementTree as ET

import Evtx.Evtx as evtx

NS = '{http://schemas.microsoft.com/win/2004/08/events/event}'


def element(e):
    return {'text': e.text or '', 'attrs': dict(e.attrib)}


def main(path):
    out = {'header': {}, 'chunks': [], 'records': []}
    with evtx.Evtx(path) as log:
        fh = log.get_file_header()
        out['header'] = {
            'verify': bool(fh.verify()),
            'dirty': bool(fh.is_dirty()),
            'chunk_count': fh.chunk_count(),
            'next_record': fh.next_record_number(),
        }
        for ch in log.chunks():
            out['chunks'].append({
                'verify': bool(ch.verify()),
                'header_crc_ok': ch.calculate_header_checksum() == ch.header_checksum(),
                'data_crc_ok': ch.calculate_data_checksum() == ch.data_checksum(),
                'templates': len(ch.templates()),
                'strings': len(ch.strings()),
                'first': ch.log_first_record_number(),
                'last': ch.log_last_record_number(),
            })
            for r in ch.records():
                root = ET.fromstring(r.xml())
                system = {}
                for e in root.find(NS + 'System'):
                    system[e.tag.replace(NS, '')] = element(e)
                data = []
                ed = root.find(NS + 'EventData')
                if ed is not None:
                    for d in ed:
                        data.append([d.attrib.get('Name'), d.text or ''])
                out['records'].append({
                    'record_num': r.record_num(),
                    'size_ok': bool(r.verify()),
                    'system': system,
                    'data': data,
                })
    json.dump(out, sys.stdout)


if __name__ == '__main__':
    main(sys.argv[1])
