"""GitHub: the REST client behind a typed interface, webhook events and the bot's comments."""
