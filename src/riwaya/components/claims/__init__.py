"""Count claims: how many people an article says were killed, injured or arrested."""
