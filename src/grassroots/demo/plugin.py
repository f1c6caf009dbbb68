"""The demo district (演示数据): the ``grassroots demo`` command and the core seeders."""

from grassroots.kernel.plugins import Plugin

plugin = Plugin(
    name="demo",
    commands="grassroots.demo.cli",  # its own seeders (org tree, people...) run first, always
)
