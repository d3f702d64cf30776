#!/usr/bin/env python3
"""Verify the second development gold set (b01-b15) against the SaudiNewsNet zips and print its counts.

Each record is matched to its article by url inside its crawl-day zip (shared/data/saudinewsnet/<crawl_file>,
found at ../../../../shared relative to this folder, or ../shared relative to the repo root);
every span ({start, end, text}) of entities, times and quotes (speaker, cue, content, medium, on_behalf_of,
via items) must satisfy content[start:end] == text on the content string exactly as loaded from the JSON.
Also checks the label sets, non-overlap of entity and time spans, the dev-split days, 150-500 words, and
that the totals (and the counts by type) equal the ones recorded below, and that no url repeats one in
the shared article set. Stdlib only; exits 1 with the first problem found.
Usage: python3 check.py [path/to/articles.jsonl]
"""
import hashlib
import collections, json, os, sys, zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.normpath(os.path.join(HERE, '..', '..', '..'))
_CANDIDATES = [os.path.join(HERE, '..', '..', '..', '..', 'shared', 'data', 'saudinewsnet'),  # /work/shared next to the repo
               os.path.join(REPO, '..', 'shared', 'data', 'saudinewsnet'),                    # ../shared from the repo root
               os.path.join(REPO, 'shared', 'data', 'saudinewsnet'),                          # shared/ inside the checkout
               '/work/shared/data/saudinewsnet']
DATA = next((os.path.normpath(p) for p in _CANDIDATES if os.path.isdir(p)), os.path.normpath(_CANDIDATES[0]))
DEV_DAYS = {'2015-07-22', '2015-07-24', '2015-07-25', '2015-07-31', '2015-08-01', '2015-08-03',
            '2015-08-08', '2015-08-09', '2015-08-10'}
SHARED_ARTICLES = os.path.join(os.path.dirname(os.path.dirname(DATA)), 'annotation', 'articles', 'articles.jsonl')
ENT_TYPES = {'PER', 'ORG', 'LOC'}
TIME_TYPES = {'DATE', 'TIME', 'DURATION', 'SET'}
KINDS = {'direct', 'indirect', 'mixed', 'statement'}
SPEAKER_TYPES = {'person', 'organization', 'anonymous', 'media', 'document'}
EXPECTED = {'articles': 15, 'entities': 396, 'times': 123, 'quotes': 129}
EXPECTED_TYPES = {'entities': {'LOC': 150, 'ORG': 149, 'PER': 97}, 'FAC': 25,
                  'times': {'DATE': 76, 'DURATION': 27, 'TIME': 17, 'SET': 3},
                  'quotes': {'indirect': 103, 'direct': 15, 'mixed': 10, 'statement': 1}, 'with_via': 22}


def fail(msg):
    print('FAIL:', msg)
    sys.exit(1)


_zip_cache = {}
def load_day(crawl_file):
    name = crawl_file if crawl_file.endswith('.zip') else crawl_file + '.zip'
    if name not in _zip_cache:
        path = os.path.join(DATA, name)
        if not os.path.exists(path):
            fail(f'zip {path} not found (expected the SaudiNewsNet zips in {DATA})')
        with zipfile.ZipFile(path) as z:
            _zip_cache[name] = json.loads(z.read(z.namelist()[0]).decode('utf-8'))
    return _zip_cache[name]


def find_article(rec):
    hits = [a for a in load_day(rec['crawl_file']) if a['url'] == rec['url']]
    if len(hits) != 1:
        fail(f"{rec['url']}: {len(hits)} articles with this url in {rec['crawl_file']} (expected 1)")
    return hits[0]


def sha1(text):
    return hashlib.sha1(text.encode('utf-8')).hexdigest()[:12]


def hydrate(rec, art):
    """The file keeps no article text: each span has text_sha1, the title title_sha1. Fill the
    texts from the zip's record, failing on any hash that does not match."""
    if 'title_sha1' in rec:
        if sha1(art.get('title') or '') != rec['title_sha1']:
            fail(f"{rec['url']}: title does not match title_sha1")
        rec['title'] = art.get('title') or ''
    stack = [rec]
    while stack:
        o = stack.pop()
        if isinstance(o, dict):
            if {'start', 'end', 'text_sha1'} <= o.keys():
                got = art['content'][o['start']:o['end']]
                if sha1(got) != o['text_sha1']:
                    fail(f"{rec['url']}: content[{o['start']}:{o['end']}] does not match its text_sha1")
                o['text'] = got
            stack.extend(o.values())
        elif isinstance(o, list):
            stack.extend(o)


def check_span(content, span, where):
    for k in ('start', 'end', 'text'):
        if k not in span:
            fail(f'{where}: span lacks {k!r}: {span}')
    got = content[span['start']:span['end']]
    if got != span['text']:
        fail(f"{where}: content[{span['start']}:{span['end']}] is {got!r}, annotation says {span['text']!r}")


def check_no_overlap(items, where):
    items = sorted(items, key=lambda s: (s['start'], s['end']))
    for a, b in zip(items, items[1:]):
        if b['start'] < a['end']:
            fail(f"{where}: overlapping spans {a['text']!r} [{a['start']},{a['end']}) and {b['text']!r} [{b['start']},{b['end']})")


def check_record(rec):
    art = find_article(rec)
    hydrate(rec, art)
    c = art['content']
    day = rec['crawl_file'][:10]
    if day not in DEV_DAYS:
        fail(f"{rec['url']}: crawl day {day} is not a development day")
    for k in ('source', 'date_extracted', 'title'):
        if rec[k] != art[k]:
            fail(f"{rec['url']}: field {k!r} differs from the zip: {rec[k]!r} vs {art[k]!r}")
    words = len(c.split())
    if rec['word_count'] != words or not 150 <= words <= 500:
        fail(f"{rec['url']}: word_count {rec['word_count']} vs {words} in the zip (must be 150-500)")
    if not {'date', 'basis'} <= set(rec['time_anchor']):
        fail(f"{rec['url']}: time_anchor needs date and basis")
    for e in rec['entities']:
        check_span(c, e, f"{rec['url']} entity")
        if e['type'] not in ENT_TYPES or (e.get('subtype') and (e['subtype'] != 'FAC' or e['type'] != 'LOC')):
            fail(f"{rec['url']}: bad entity label {e['type']}/{e.get('subtype')} on {e['text']!r}")
        if not e.get('canonical'):
            fail(f"{rec['url']}: entity {e['text']!r} has no canonical")
    check_no_overlap(rec['entities'], rec['url'] + ' entities')
    for t in rec['times']:
        check_span(c, t, f"{rec['url']} time")
        if t['type'] not in TIME_TYPES or not t.get('value') or not t.get('anchor'):
            fail(f"{rec['url']}: bad time {t}")
    check_no_overlap(rec['times'], rec['url'] + ' times')
    for i, q in enumerate(rec['quotes']):
        where = f"{rec['url']} quote {i}"
        if q['kind'] not in KINDS or q['speaker_type'] not in SPEAKER_TYPES or not q.get('speaker_canonical'):
            fail(f'{where}: bad kind/speaker_type/speaker_canonical')
        check_span(c, q['content'], where + ' content')
        for k in ('speaker', 'cue', 'medium', 'on_behalf_of'):
            if q.get(k) is not None:
                check_span(c, q[k], f'{where} {k}')
        for j, v in enumerate(q.get('via', [])):
            if not v.get('canonical') or not v.get('role'):
                fail(f'{where} via {j}: needs canonical and role')
            if 'start' in v:
                check_span(c, v, f'{where} via {j}')
            if v.get('cue') is not None:
                check_span(c, v['cue'], f'{where} via {j} cue')
    return art


def main():
    path = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, 'articles.jsonl')
    with open(path, encoding='utf-8') as f:
        recs = [json.loads(line) for line in f if line.strip()]
    n_spans = 0
    tot = collections.Counter(); ent = collections.Counter(); tim = collections.Counter(); kinds = collections.Counter()
    spk = collections.Counter(); canon = set(); n_via = n_med = n_obo = 0
    print(f"{'source':<13} {'crawl file':<11} {'anchor':<11} {'words':>5} {'ent':>4} {'timex':>5} {'quotes':>6}  title")
    for r in recs:
        check_record(r)
        n_spans += len(r['entities']) + len(r['times'])
        for q in r['quotes']:
            n_spans += 1 + sum(q.get(k) is not None for k in ('speaker', 'cue', 'medium', 'on_behalf_of'))
            n_spans += sum(('start' in v) + (v.get('cue') is not None) for v in q.get('via', []))
            kinds[q['kind']] += 1; spk[q['speaker_type']] += 1
            n_via += bool(q.get('via')); n_med += q.get('medium') is not None; n_obo += q.get('on_behalf_of') is not None
        ent.update(e['type'] for e in r['entities']); tim.update(t['type'] for t in r['times'])
        canon.update(e['canonical'] for e in r['entities'])
        tot.update(articles=1, entities=len(r['entities']), times=len(r['times']), quotes=len(r['quotes']))
        print(f"{r['source']:<13} {r['crawl_file'][:10]:<11} {r['time_anchor']['date']:<11} {r['word_count']:>5} "
              f"{len(r['entities']):>4} {len(r['times']):>5} {len(r['quotes']):>6}  {r['title'][:60]}")
    print()
    print(f"articles {tot['articles']} from {len({r['source'] for r in recs})} outlets, "
          f"{len({r['crawl_file'][:10] for r in recs})} crawl days")
    print(f"entities {tot['entities']}: " + ', '.join(f'{k} {v}' for k, v in ent.most_common())
          + f"; {sum(1 for r in recs for e in r['entities'] if e.get('subtype') == 'FAC')} FAC; {len(canon)} distinct canonicals")
    print(f"times {tot['times']}: " + ', '.join(f'{k} {v}' for k, v in tim.most_common()))
    print(f"quotes {tot['quotes']}: " + ', '.join(f'{k} {v}' for k, v in kinds.most_common())
          + '; speakers ' + ', '.join(f'{k} {v}' for k, v in spk.most_common())
          + f'; {n_via} with via, {n_med} with medium, {n_obo} with on_behalf_of')
    for k, v in EXPECTED.items():
        if tot[k] != v:
            fail(f'{k}: {tot[k]} in the file, {v} expected (update EXPECTED only after re-checking the annotation)')
    got_types = {'entities': dict(ent), 'FAC': sum(1 for r in recs for e in r['entities'] if e.get('subtype') == 'FAC'),
                 'times': dict(tim), 'quotes': dict(kinds), 'with_via': n_via}
    for k, v in EXPECTED_TYPES.items():
        if got_types[k] != v:
            fail(f'{k}: {got_types[k]} in the file, {v} expected')
    if len({r['source'] for r in recs}) < 10:
        fail('fewer than 10 outlets')
    if len({r['url'] for r in recs}) != len(recs):
        fail('a url occurs twice')
    if os.path.exists(SHARED_ARTICLES):
        with open(SHARED_ARTICLES, encoding='utf-8') as f:
            shared_urls = {json.loads(line)['url'] for line in f if line.strip()}
        dup = shared_urls & {r['url'] for r in recs}
        if dup:
            fail(f'url(s) already in the shared article set: {sorted(dup)}')
    print(f'OK: {n_spans} spans verified against the zips')


if __name__ == '__main__':
    main()
