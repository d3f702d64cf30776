"""The ``segment`` step: sentence and token layers inside each kept paragraph (rules in
:mod:`riwaya.text.tokens`), with two limits that bound what the later steps cost:

* a token is at most :data:`MAX_TOKEN_CHARS` characters (a longer run of word characters, e.g. a
  base64 blob, becomes several tokens);
* a sentence is at most :data:`MAX_SENTENCE_TOKENS` tokens. A longer one (markup, or text without
  sentence punctuation) is split at the best boundary in the last half of each window: after a
  comma or semicolon, else before a و-conjunction, else at a space, else between any two tokens.

Neither limit is reached by news text (over 31,030 SaudiNewsNet articles the longest sentence has
719 tokens, the longest token 51 characters), so normal articles are segmented as before.
"""

from __future__ import annotations

from riwaya.model import Article, Span
from riwaya.pipeline import component
from riwaya.text.tokens import split_sentences, tokenize

MAX_TOKEN_CHARS = 100
MAX_SENTENCE_TOKENS = 1000
CLAUSE_ENDS = frozenset("،,؛;:")


@component("segment", version="2", requires=("paragraphs",), provides=("sentences", "tokens"))
def segment(article: Article) -> None:
    sentences: list[Span] = []
    tokens: list[Span] = []
    for para in article.layer("paragraphs"):
        para_tokens = capped_tokens(tokenize(article.text, para.start, para.end))
        sentences.extend(
            capped_sentences(article.text, split_sentences(article.text, para.start, para.end), para_tokens)
        )
        tokens.extend(para_tokens)
    article.add_layer("sentences", sentences)
    article.add_layer("tokens", tokens)


def capped_tokens(tokens: list[Span], limit: int = MAX_TOKEN_CHARS) -> list[Span]:
    """The tokens with every one over ``limit`` characters cut into pieces of ``limit``."""
    if all(t.end - t.start <= limit for t in tokens):
        return tokens
    out: list[Span] = []
    for tok in tokens:
        out.extend(Span(lo, min(lo + limit, tok.end), tok.label) for lo in range(tok.start, tok.end, limit))
    return out


def capped_sentences(
    text: str, sentences: list[Span], tokens: list[Span], limit: int = MAX_SENTENCE_TOKENS
) -> list[Span]:
    """The sentences with every one over ``limit`` tokens split at its best boundaries."""
    out: list[Span] = []
    k = 0
    for sent in sentences:
        while k < len(tokens) and tokens[k].start < sent.start:
            k += 1
        first = k
        while k < len(tokens) and tokens[k].end <= sent.end:
            k += 1
        if k - first <= limit:
            out.append(sent)
            continue
        out.extend(_split(text, sent, tokens[first:k], limit))
    return out


def _split(text: str, sent: Span, toks: list[Span], limit: int) -> list[Span]:
    """Pieces of ``sent`` of at most ``limit`` of its tokens ``toks``, covering all of them."""
    pieces, lo, start = [], 0, sent.start
    while len(toks) - lo > limit:
        cut = _best_cut(text, toks, lo + limit // 2, lo + limit)
        pieces.append(Span(start, toks[cut - 1].end, sent.label, dict(sent.attrs)))
        lo, start = cut, toks[cut].start
    pieces.append(Span(start, sent.end, sent.label, dict(sent.attrs)))
    return pieces


def _best_cut(text: str, toks: list[Span], lo: int, hi: int) -> int:
    """The index of the token that starts the next piece, in ``(lo, hi]``: the last cut after a
    clause mark, else before a و-conjunction, else at a space, else ``hi``."""
    cuts = range(hi, lo, -1)
    for good in (_after_clause_mark, _before_wa, _at_space):
        for cut in cuts:
            if good(text, toks, cut):
                return cut
    return hi


def _after_clause_mark(text: str, toks: list[Span], cut: int) -> bool:
    prev = toks[cut - 1]
    return prev.end - prev.start == 1 and text[prev.start] in CLAUSE_ENDS


def _before_wa(text: str, toks: list[Span], cut: int) -> bool:
    tok = toks[cut]
    return text[tok.start] == "و" and text[tok.start - 1 : tok.start].isspace()


def _at_space(text: str, toks: list[Span], cut: int) -> bool:
    return toks[cut - 1].end < toks[cut].start
