"""The main window's controllers: files, exports, diagrams, lint settings, context menus, help."""
