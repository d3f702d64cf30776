"""Arabic named-entity recognition: CRF features, gazetteers, training, tagging and evaluation.

``riwaya.entities`` is the pipeline step built on this package; use :func:`riwaya.ner.crf.tagger`
to tag token lists directly and :func:`riwaya.ner.evaluate.evaluate_file` to score a CoNLL file.
"""
