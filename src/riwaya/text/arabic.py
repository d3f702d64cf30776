"""Arabic character classes: the one definition every step imports.

The ranges are strings for use inside a regex character class (``f"[{LETTERS}]"``); the
compiled patterns cover the common uses. Each class is named for what it means, so a step
that needs the whole Unicode block (to keep a sentence away from the English rules) says so.
"""

from __future__ import annotations

import re

LETTERS = "\u0621-\u064a"  # hamza .. yeh: the letters of Modern Standard Arabic (tatweel included)
DIACRITICS = "\u064b-\u065f\u0670"  # tanween, short vowels, shadda, sukun, ... superscript alef
TATWEEL = "\u0640"
EXTENDED_LETTERS = "\u0671-\u06d3\u06fa-\u06ff"  # alef wasla and the Persian/Urdu/Kurdish letters
BLOCK = "\u0600-\u06ff"  # the whole Arabic Unicode block: letters, marks, digits, punctuation
DIGITS = "\u0660-\u0669\u06f0-\u06f9"  # Arabic-Indic and extended Arabic-Indic digits
# Letters that Persian, Urdu, Kurdish (Sorani) or Pashto use and Arabic does not.
NON_ARABIC_LETTERS = (
    "\u067e\u0686\u0698\u06af\u06cc\u06a9\u0679\u0688\u0691\u06be\u06c1\u06d2\u06b5\u06ce\u06d5"
)

ARABIC_LETTER = re.compile(f"[{LETTERS}]")
ANY_ARABIC_LETTER = re.compile(f"[{LETTERS}{EXTENDED_LETTERS}]")
IN_ARABIC_BLOCK = re.compile(f"[{BLOCK}]")
NON_ARABIC_SCRIPT = re.compile(f"[{NON_ARABIC_LETTERS}]")
DIGIT = re.compile(f"[0-9{DIGITS}]")
