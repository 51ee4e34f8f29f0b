#!/usr/bin/env python3
"""Verifies LoanOfficer audit chains from an export file, independently of the Java code.

    infra/verify-audit.py [--schemas DIR] FILE.avro     an export of infra/audit-export.sh
    infra/verify-audit.py [--schemas DIR] --vectors FILE.json   the spec's test vectors

A second implementation of docs/audit-chain.md, written from that document: Python 3 and fastavro
only (infra/requirements-verify.txt). Each stored value is decoded with the AuditRecord schema
whose CRC-64-AVRO fingerprint (of its parsing canonical form, computed here) is in the value's
single-object header, from the released schemas in schemas/history (or --schemas DIR); every
hash is recomputed, and the seqs, keys, prevHash links, tombstones and log order are checked.

Prints one line per chain, "<chainId>: verified: N records" or "<chainId>: broken at seq S: why",
then "verified: N records" (all chains) or "broken: K of M chains".
Exit 0 when every chain verifies, 1 when one does not, 2 on bad usage or an unreadable file.
"""

import argparse
import datetime
import hashlib
import io
import json
import os
import sys

try:
    import fastavro
    from fastavro.schema import fingerprint, parse_schema, to_parsing_canonical_form
except ImportError:
    print("verify-audit.py needs fastavro: python3 -m pip install -r infra/requirements-verify.txt",
          file=sys.stderr)
    sys.exit(2)

AUDIT_RECORD = "io.loanofficer.events.AuditRecord"
GENESIS = "0" * 64
MARKER = b"\xc3\x01"
HEADER = 10  # marker and the 8-byte fingerprint
EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)
EXPORT_FIELDS = ("chainId", "seq", "key", "partition", "offset", "value", "record")
PARTITIONS_META = "loanofficer.audit.partitions"

# Which problem is reported when several break the same seq (as the Java ChainVerification ranks them).
RANK = {"WRONG_CHAIN": 0, "CHANGED": 1, "UNDECODABLE": 1, "PREV_HASH": 2, "REORDERED": 3, "ERASED": 4,
        "MISSING": 5, "EXPORT": 6}


class UsageError(Exception):
    pass


class Undecodable(Exception):
    pass


def strip_logical_types(schema):
    """The schema without logical types: a timestamp stays the long it is on the wire."""
    if isinstance(schema, dict):
        return {k: strip_logical_types(v) for k, v in schema.items() if k != "logicalType"}
    if isinstance(schema, list):
        return [strip_logical_types(s) for s in schema]
    return schema


def load_writer_schemas(directory):
    """Every released AuditRecord schema by the hex of its 8 fingerprint bytes as they appear in a header."""
    schemas = {}
    try:
        names = sorted(os.listdir(directory))
    except OSError as e:
        raise UsageError(f"cannot read the schema directory {directory}: {e.strerror}")
    for name in names:
        if not name.endswith(".avsc"):
            continue
        with open(os.path.join(directory, name), encoding="utf-8") as f:
            declared = json.load(f)
        full_name = declared.get("namespace", "") + "." + declared["name"] if "." not in declared["name"] \
            else declared["name"]
        if full_name != AUDIT_RECORD:
            continue
        canonical = to_parsing_canonical_form(parse_schema(declared))
        schemas[fingerprint(canonical, "CRC-64-AVRO")] = (name, parse_schema(strip_logical_types(declared)))
    if not schemas:
        raise UsageError(f"no AuditRecord schema in {directory}")
    return schemas


def decode_value(value, schemas):
    """(record as a dict, writer schema) of a single-object encoded AuditRecord."""
    if len(value) < HEADER or value[:2] != MARKER:
        raise Undecodable(f"not an Avro single-object value ({len(value)} bytes, no C3 01 marker)")
    fp = value[2:HEADER].hex()
    if fp not in schemas:
        raise Undecodable(f"no released AuditRecord schema has fingerprint {fp}")
    name, schema = schemas[fp]
    body = io.BytesIO(value[HEADER:])
    try:
        record = fastavro.schemaless_reader(body, schema, None)
    except Exception as e:  # corrupt bytes surface as any of several errors
        raise Undecodable(f"corrupt {name} value: {type(e).__name__}")
    if body.tell() != len(value) - HEADER:
        extra = len(value) - HEADER - body.tell()
        raise Undecodable(f"{extra} byte{'' if extra == 1 else 's'} after the record")
    return record, schema


def utf16_order(key):
    """Java's String.compareTo: UTF-16 code units compared as unsigned numbers."""
    return key.encode("utf-16-be", "surrogatepass")


def canonical_bytes(record, schema):
    """Plain Avro binary of the record under its writer schema, hash "" and attributes sorted by key."""
    canonical = dict(record)
    canonical["hash"] = ""
    canonical["attributes"] = dict(sorted(record["attributes"].items(), key=lambda kv: utf16_order(kv[0])))
    out = io.BytesIO()
    fastavro.schemaless_writer(out, schema, canonical)
    return out.getvalue()


def chain_hash(record, schema):
    return hashlib.sha256(record["prevHash"].encode("utf-8") + canonical_bytes(record, schema)).hexdigest()


def murmur2(data):
    """Kafka's murmur2 (seed 0x9747b28c), as its default partitioner uses it."""
    m, r = 0x5BD1E995, 24
    length = len(data)
    h = (0x9747B28C ^ length) & 0xFFFFFFFF
    for i in range(0, length - length % 4, 4):
        k = int.from_bytes(data[i:i + 4], "little")
        k = (k * m) & 0xFFFFFFFF
        k ^= k >> r
        k = (k * m) & 0xFFFFFFFF
        h = ((h * m) & 0xFFFFFFFF) ^ k
    rest = length % 4
    tail = length - rest
    if rest == 3:
        h ^= data[tail + 2] << 16
    if rest >= 2:
        h ^= data[tail + 1] << 8
    if rest >= 1:
        h ^= data[tail]
        h = (h * m) & 0xFFFFFFFF
    h ^= h >> 13
    h = (h * m) & 0xFFFFFFFF
    h ^= h >> 15
    return h


def partition_of(chain_id, partitions):
    return (murmur2(chain_id.encode("utf-8")) & 0x7FFFFFFF) % partitions


def millis(value):
    return (value - EPOCH) // datetime.timedelta(milliseconds=1) if isinstance(value, datetime.datetime) else value


class Entry:
    def __init__(self, index, item):
        self.index = index
        self.item = item
        self.key = item["key"]
        self.chain, slash, seq = self.key.rpartition("/")
        if not slash or not self.chain or not seq.isdigit():
            raise UsageError(f"entry {index}: key {self.key!r} is not chainId/seq")
        self.key_seq = int(seq)
        self.offset = item["offset"]
        self.value = item["value"]
        self.record = None
        self.schema = None


class Chain:
    """One chain's entries in file order, checked as docs/audit-chain.md 'Verifying a chain' says."""

    def __init__(self, chain_id):
        self.chain_id = chain_id
        self.entries = []
        self.breaks = []  # (seq, rank, order found, why)

    def broken(self, seq, problem, why):
        # the earliest seq wins; at one seq the higher-ranked problem, then the one found first
        self.breaks.append((seq, RANK[problem], len(self.breaks), why))

    def verify(self, schemas, partitions):
        values = [e for e in self.entries if e.value is not None]
        erased = {e.key_seq for e in self.entries if e.value is None}
        for e in self.entries:
            if e.item["chainId"] != self.chain_id or e.item["seq"] != e.key_seq:
                self.broken(e.key_seq, "EXPORT", f"the entry's chainId/seq disagree with its key {e.key}")
            if partitions and e.item["partition"] != partition_of(self.chain_id, partitions):
                self.broken(e.key_seq, "EXPORT", f"wrong partition ({e.item['partition']}; the chain's partition"
                                                 f" is {partition_of(self.chain_id, partitions)})")
        decoded = []
        for e in values:
            try:
                e.record, e.schema = decode_value(e.value, schemas)
            except Undecodable as problem:
                self.broken(e.key_seq, "UNDECODABLE", f"value cannot be decoded ({problem})")
                continue
            decoded.append(e)
            self.check_record_field(e)
        by_key = sorted(decoded, key=lambda e: e.key_seq)
        self.walk(by_key, erased)
        self.check_placement(by_key)
        self.check_order(by_key, values)
        if not self.breaks:
            return None
        seq, _, _, why = min(self.breaks)
        return seq, why

    def check_record_field(self, e):
        shown = e.item["record"]
        if shown is None:
            self.broken(e.key_seq, "EXPORT", "the record field is empty but the value is not")
            return
        for field, value in e.record.items():
            if field in shown and millis(shown[field]) != value:
                self.broken(e.key_seq, "EXPORT", f"the record field {field} differs from the value"
                                                 " (the value is what the hash covers)")
                return

    def check_placement(self, by_key):
        for e in by_key:
            if e.record["seq"] != e.key_seq:
                self.broken(e.key_seq, "REORDERED", f"out of order (key {e.key} holds the record of seq"
                                                    f" {e.record['seq']})")
                return

    def check_order(self, by_key, listed):
        later_min = None
        for e in reversed(by_key):
            if later_min is not None and e.offset > later_min:
                self.broken(e.key_seq, "REORDERED",
                            f"out of order (written to the log after a later seq, offset {e.offset})")
            later_min = e.offset if later_min is None else min(later_min, e.offset)
        listed_max = None
        for e in listed:
            if listed_max is not None and e.key_seq < listed_max:
                self.broken(e.key_seq, "REORDERED", f"out of order (listed after seq {listed_max})")
            listed_max = e.key_seq if listed_max is None else max(listed_max, e.key_seq)

    def walk(self, by_key, erased):
        present = {e.record["seq"] for e in by_key}
        expected, prev_hash = 1, GENESIS
        for e in by_key:
            record = e.record
            seq = record["seq"]
            if record["conversationId"] != self.chain_id:
                return self.broken(expected, "WRONG_CHAIN", f"wrong chain (holds a record of chain"
                                                            f" {record['conversationId']})")
            if seq != expected:
                if expected in erased:
                    return self.broken(expected, "ERASED", "erased (tombstone)")
                if seq < expected or expected in present:
                    return self.broken(expected, "REORDERED", f"out of order (seq {seq} in its place)")
                return self.broken(expected, "MISSING", f"missing (next present: seq {seq})")
            if record["prevHash"] != prev_hash:
                return self.broken(seq, "PREV_HASH", f"prevHash mismatch (seq {seq - 1} was re-sealed,"
                                                     " or this link was altered)")
            if chain_hash(record, e.schema) != record["hash"]:
                return self.broken(seq, "CHANGED", "hash mismatch (record changed)")
            prev_hash = record["hash"]
            expected += 1
        after = sorted(s for s in erased if s >= expected)
        if after:
            self.broken(after[0], "ERASED" if after[0] == expected else "MISSING",
                        "erased (tombstone) at the end of the chain")


def read_export(path):
    try:
        with open(path, "rb") as f:
            reader = fastavro.reader(f)
            fields = {field["name"] for field in reader.writer_schema.get("fields", [])}
            missing = [name for name in EXPORT_FIELDS if name not in fields]
            if missing:
                raise UsageError(f"{path} is not an audit export: no field {', '.join(missing)}")
            partitions = reader.metadata.get(PARTITIONS_META)
            items = list(reader)
    except OSError as e:
        raise UsageError(f"cannot read {path}: {e.strerror}")
    except (ValueError, EOFError, StopIteration) as e:
        raise UsageError(f"{path} is not an Avro object container file ({type(e).__name__})")
    return items, int(partitions) if partitions else None


def verify_export(path, schemas):
    items, partitions = read_export(path)
    chains = {}
    for index, item in enumerate(items):
        entry = Entry(index, item)
        chains.setdefault(entry.chain, Chain(entry.chain)).entries.append(entry)
    broken, records = 0, 0
    for chain in chains.values():
        problem = chain.verify(schemas, partitions)
        count = sum(1 for e in chain.entries if e.value is not None)
        if problem is None:
            print(f"{chain.chain_id}: verified: {count} records")
            records += count
        else:
            print(f"{chain.chain_id}: broken at seq {problem[0]}: {problem[1]}")
            broken += 1
    if broken:
        print(f"broken: {broken} of {len(chains)} chains")
        return 1
    print(f"verified: {records} records")
    return 0


def verify_vectors(path, schemas):
    """Each vector: its value decodes to its inputs, and gives its canonical bytes and hash; they chain."""
    try:
        with open(path, encoding="utf-8") as f:
            vectors = json.load(f)["vectors"]
    except (OSError, ValueError, KeyError) as e:
        raise UsageError(f"cannot read the vectors in {path}: {e}")
    failures, prev_hash = 0, GENESIS
    for number, vector in enumerate(vectors, 1):
        why = vector_problem(vector, schemas, number, prev_hash)
        print(f"vector {number}: " + (why or "ok"))
        failures += why is not None
        prev_hash = vector["hash"]
    if failures:
        print(f"broken: {failures} of {len(vectors)} vectors")
        return 1
    print(f"verified: {len(vectors)} records")
    return 0


def vector_problem(vector, schemas, seq, prev_hash):
    try:
        record, schema = decode_value(bytes.fromhex(vector["value"]), schemas)
    except Undecodable as e:
        return f"value cannot be decoded ({e})"
    inputs = dict(vector["record"], payload=bytes.fromhex(vector["record"]["payload"]))
    for field, value in record.items():
        if inputs.get(field) != value:
            return f"the value's {field} is {value!r}, the inputs say {inputs.get(field)!r}"
    if record["seq"] != seq or record["prevHash"] != prev_hash:
        return "not linked to the vector before it"
    if vector["key"] != f"{record['conversationId']}/{record['seq']}":
        return f"key {vector['key']} is not conversationId/seq"
    canonical = canonical_bytes(record, schema)
    if canonical.hex() != vector["canonical"]:
        return "canonical bytes differ"
    if chain_hash(record, schema) != vector["hash"] or record["hash"] != vector["hash"]:
        return "hash differs"
    return None


def main(argv):
    default_schemas = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "schemas", "history")
    parser = argparse.ArgumentParser(prog="verify-audit.py", description="Verifies LoanOfficer audit chains"
                                     " (docs/audit-chain.md) in an export file, or the spec's test vectors.")
    parser.add_argument("file", help="FILE.avro written by infra/audit-export.sh, or with --vectors a JSON file")
    parser.add_argument("--vectors", action="store_true", help="FILE is docs/audit-chain-vectors.json")
    parser.add_argument("--schemas", default=default_schemas, help="released schemas (default: schemas/history)")
    args = parser.parse_args(argv)  # exits 2 on bad usage
    try:
        schemas = load_writer_schemas(args.schemas)
        return verify_vectors(args.file, schemas) if args.vectors else verify_export(args.file, schemas)
    except UsageError as e:
        print(f"verify-audit.py: {e}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
