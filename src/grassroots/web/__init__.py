"""The frame every page, API operation and command is built in: decorators, middleware,
template tags, the base templates and static files, the main navigation."""
