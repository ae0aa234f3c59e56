"""Paths in Wagtail's page tree, for inserting many children at once.

Wagtail stores the tree as materialised paths (django-treebeard's MP_Node):
a child's path is its parent's plus one step of `steplen` characters of
`alphabet`, counting up. Bulk writers (the corpus generator, importers)
compute them here instead of calling `add_child` once a page; they read
only the model's documented `alphabet` and `steplen`."""


def step_number(model, path: str) -> int:
    """The number the last step of `path` stands for."""
    alphabet, number = model.alphabet, 0
    for char in path[-model.steplen :]:
        number = number * len(alphabet) + alphabet.index(char)
    return number


def child_path(model, parent_path: str, number: int) -> str:
    """The path of the `number`th child (counting from 1) under `parent_path`."""
    alphabet, digits = model.alphabet, []
    for _ in range(model.steplen):
        number, digit = divmod(number, len(alphabet))
        digits.append(alphabet[digit])
    if number:
        raise ValueError(f"more children than {model.steplen} steps of the alphabet can number")
    return parent_path + "".join(reversed(digits))


def next_child_number(parent) -> int:
    """The number the next child of `parent` takes."""
    last = parent.get_last_child()
    return step_number(type(parent), last.path) + 1 if last else 1
