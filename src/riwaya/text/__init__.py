"""Text utilities shared by every step: normalised views, tokens, dates, sentence vectors."""
