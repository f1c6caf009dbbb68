"""The site as a whole: the URL map, the API root, the home page and the operators' commands
(serve, migrate, backup, restore). It sits above every app and collects their plugins."""
