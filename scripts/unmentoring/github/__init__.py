"""GitHub: the REST client, webhook events, the bot's own comments and the pairing
issues' numbers.
"""
