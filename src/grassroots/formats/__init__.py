"""Date formats of the Chinese interface where Django's own do not suit (see zh_Hans)."""
