"""The main window: layout, menus, dialogs, the model in use, zoom, full screen, pictures."""
