"""Registry pages: residents, rooms and buildings; import and export."""
