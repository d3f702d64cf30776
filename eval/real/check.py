#!/usr/bin/env python3
"""Verify the real-text dev gold in this folder against the SaudiNewsNet zips.

Loads <shared>/data/saudinewsnet/<crawl_file>.zip, where <shared> is
$RIWAYA_SHARED if set, else ../../../shared relative to this file. For every
line of incidents.jsonl and claims.jsonl it checks that the crawl day is a
development day, that the url is in that zip at index_in_zip, and that source
and title_sha1 match. For every claim it checks that sha1 of
article[field][start:end] starts with text_sha1, and it validates the values.
It also cross-checks incidents_index.json and expected.json and prints counts.
Exits 1 on any mismatch. Standard library only; no article text is stored here.
"""
import collections, hashlib, json, os, re, sys, zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
SHARED = os.environ.get('RIWAYA_SHARED') or os.path.join(HERE, '..', '..', '..', 'shared')
DATA = os.path.normpath(os.path.join(SHARED, 'data', 'saudinewsnet'))
DEV_DAYS = {'2015-07-22', '2015-07-24', '2015-07-25', '2015-07-31', '2015-08-01',
            '2015-08-03', '2015-08-08', '2015-08-09', '2015-08-10'}
SLOTS = {'killed', 'injured', 'arrested', 'casualties', 'weapon', 'perpetrator', 'responsibility',
         'place', 'date', 'time_of_day', 'target'}
COUNTS = {'killed', 'injured', 'arrested', 'casualties'}
KINDS = {'exact', 'about', 'at_least', 'at_most', 'several'}
TOD = {'dawn', 'morning', 'noon', 'afternoon', 'evening', 'night'}
INC_TYPES = {'attack', 'accident', 'statement', 'meeting', 'visit', 'court', 'arrest',
             'condemnation', 'funeral', 'other'}
STATUSES = {'agree', 'conflict', 'single', 'revision'}
_days = {}


def sha12(s):
    return hashlib.sha1(s.encode('utf-8')).hexdigest()[:12]


def load_day(day):
    if day not in _days:
        path = os.path.join(DATA, day + '.zip')
        with zipfile.ZipFile(path) as z:
            _days[day] = json.loads(z.read(z.namelist()[0]).decode('utf-8'))
    return _days[day]


def read_jsonl(name):
    with open(os.path.join(HERE, name), encoding='utf-8') as f:
        return [json.loads(line) for line in f if line.strip()]


def check_article(rec, errors):
    """Check split, url, index, source and title hash; return the article or None."""
    url, day = rec['url'], rec['crawl_file']
    if day not in DEV_DAYS:
        errors.append(f'{url}: crawl_file {day} is not a development day')
        return None
    arr = load_day(day)
    i = rec['index_in_zip']
    if not (0 <= i < len(arr)) or arr[i]['url'] != url:
        hits = [k for k, a in enumerate(arr) if a['url'] == url]
        errors.append(f'{url}: not at index {i} of {day}.zip (found at {hits})')
        return None
    art = arr[i]
    if art['source'] != rec['source']:
        errors.append(f'{url}: source {rec["source"]} != {art["source"]}')
    if sha12(art['title']) != rec['title_sha1']:
        errors.append(f'{url}: title_sha1 mismatch')
    if 'title' in rec or 'text' in rec:
        errors.append(f'{url}: stores text (title/text key); only hashes are allowed')
    return art


def check_incidents(errors):
    lines = read_jsonl('incidents.jsonl')
    index = json.load(open(os.path.join(HERE, 'incidents_index.json'), encoding='utf-8'))
    incs, stories = index['incidents'], index['stories']
    seen = set()
    by_inc = collections.defaultdict(list)
    for rec in lines:
        key = (rec['crawl_file'], rec['url'])
        if key in seen:
            errors.append(f'{rec["url"]}: duplicate line')
        seen.add(key)
        check_article(rec, errors)
        inc, story, rt = rec['incident'], rec['story'], rec['reacts_to']
        if not re.fullmatch(r'\d{4}-\d\d-\d\d-I\d\d', inc) or not re.fullmatch(r'\d{4}-\d\d-\d\d-S\d\d', story):
            errors.append(f'{rec["url"]}: bad id {inc} / {story}')
        if inc not in incs:
            errors.append(f'{rec["url"]}: incident {inc} missing from incidents_index.json'); continue
        e = incs[inc]
        if e['story'] != story:
            errors.append(f'{rec["url"]}: story {story} != index story {e["story"]}')
        if rt != e.get('reacts_to'):
            errors.append(f'{rec["url"]}: reacts_to {rt} != index {e.get("reacts_to")}')
        if rt is not None and rt not in incs:
            errors.append(f'{rec["url"]}: reacts_to {rt} unknown')
        by_inc[inc].append(rec)
    for inc, e in incs.items():
        got = by_inc.get(inc, [])
        if e['type'] not in INC_TYPES:
            errors.append(f'{inc}: bad type {e["type"]}')
        if not re.fullmatch(r'\d{4}-\d\d-\d\d', e['date']):
            errors.append(f'{inc}: bad date {e["date"]}')
        if e['articles'] != len(got) or e['outlets'] != sorted({r['source'] for r in got}):
            errors.append(f'{inc}: article/outlet counts in the index do not match incidents.jsonl')
        if e['story'] not in stories or inc not in stories[e['story']]['incidents']:
            errors.append(f'{inc}: not listed under its story')
    multi = [i for i, g in by_inc.items() if len(g) >= 2]
    multi_outlet = [i for i, g in by_inc.items() if len({r['source'] for r in g}) >= 2]
    print(f'incidents.jsonl: {len(lines)} articles '
          f'({dict(sorted(collections.Counter(r["crawl_file"] for r in lines).items()))}), '
          f'{len(incs)} incidents, {len(multi)} with 2+ articles, {len(multi_outlet)} with 2+ outlets, '
          f'{len(stories)} stories, {sum(1 for r in lines if r["reacts_to"])} reaction/follow-up articles')
    print('  incidents by type:', dict(collections.Counter(e['type'] for e in incs.values()).most_common()))
    return len(lines)


def check_value(where, c, errors):
    s, v = c['slot'], c['value']
    if s not in SLOTS:
        errors.append(f'{where}: unknown slot')
    elif s in COUNTS:
        if not (isinstance(v, dict) and isinstance(v.get('n'), int) and v.get('kind') in KINDS):
            errors.append(f'{where}: bad count value {v}')
    elif s == 'time_of_day' and v not in TOD:
        errors.append(f'{where}: bad time_of_day {v}')
    elif s == 'responsibility' and not (isinstance(v, dict) and v.get('status') and v.get('by')):
        errors.append(f'{where}: bad responsibility {v}')
    elif s == 'date' and not (isinstance(v, str) and re.fullmatch(r'\d{4}(-\d\d){0,2}', v)):
        errors.append(f'{where}: bad date {v}')
    elif s in ('weapon', 'perpetrator', 'place', 'target') and not (isinstance(v, str) and v):
        errors.append(f'{where}: bad value {v}')
    if not isinstance(c.get('hedged'), bool) or not c.get('attributed_to'):
        errors.append(f'{where}: hedged/attributed_to missing')
    if 'text' in c:
        errors.append(f'{where}: stores span text; only text_sha1 is allowed')


def check_claims(errors):
    recs = read_jsonl('claims.jsonl')
    by_slot, by_hap, art_hap = collections.Counter(), collections.Counter(), collections.Counter()
    n = 0
    for rec in recs:
        art = check_article(rec, errors)
        art_hap[rec['happening'] if rec['happening'].startswith('N') else 'other:*'] += 1
        if art is None:
            continue
        for k, c in enumerate(rec['claims']):
            n += 1
            where = f'{rec["source"]} {rec["index_in_zip"]} claim#{k} ({c["slot"]})'
            text = art[c['field']]
            if not (0 <= c['start'] < c['end'] <= len(text)) or sha12(text[c['start']:c['end']]) != c['text_sha1']:
                errors.append(f'{where}: span hash mismatch')
            if c['attributed_to'] != 'outlet' and c['attributed_to'] not in art['content'] + art['title']:
                errors.append(f'{where}: attributed_to is not a substring of the article')
            check_value(where, c, errors)
            by_slot[(c['slot'], c['field'])] += 1
            by_hap[c['happening'] if c['happening'].startswith('N') else 'other:*'] += 1
    exp = json.load(open(os.path.join(HERE, 'expected.json'), encoding='utf-8'))
    statuses = collections.Counter()
    for h, e in exp['happenings'].items():
        if e['articles'] != art_hap.get(h, 0):
            errors.append(f'expected.json {h}: article count {e["articles"]} != {art_hap.get(h, 0)}')
        body = {c['slot'] for r in recs for c in r['claims'] if c['happening'] == h and c['field'] == 'content'}
        if body != set(e['slots']):
            errors.append(f'expected.json {h}: rated slots {sorted(e["slots"])} != body slots {sorted(body)}')
        for s, v in e['slots'].items():
            if v['status'] not in STATUSES:
                errors.append(f'expected.json {h}.{s}: bad status')
            statuses[v['status']] += 1
    print(f'claims.jsonl: {len(recs)} articles, {n} claims, {n} spans checked')
    print('  articles by happening:', dict(sorted(art_hap.items())))
    print('  claims by happening:', dict(sorted(by_hap.items())))
    slots = sorted({s for s, _ in by_slot})
    print('  claims by slot (body/title):', {s: (by_slot[(s, 'content')], by_slot[(s, 'title')]) for s in slots})
    print('  expected statuses:', dict(statuses.most_common()), f'over {sum(statuses.values())} (happening, slot) pairs')
    return n


def main():
    errors = []
    if not os.path.isdir(DATA):
        print(f'data folder not found: {DATA} (set RIWAYA_SHARED to the shared folder)')
        return 1
    n_articles = check_incidents(errors)
    n_claims = check_claims(errors)
    if n_articles == 0 or n_claims == 0:
        errors.append('nothing was checked')
    for e in errors:
        print('ERROR', e)
    print('OK' if not errors else f'{len(errors)} error(s)')
    return 1 if errors else 0


if __name__ == '__main__':
    sys.exit(main())
