"""One module per dashboard page; :func:`install_dashboard` mounts them all."""
