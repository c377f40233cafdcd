"""The lesson: the course, layer by layer, worked out on the student's own drawing.

"Lesson" is the code's one word for it (core/lesson, gui/lesson, `Lesson`, `LessonDock`); the
window's menu calls it View ▸ Walk through the network, and the command line `digitpad explain`.
"""
