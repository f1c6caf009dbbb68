"""Training pages: classes, sessions and check-in, speeches, the brief."""
