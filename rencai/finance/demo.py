def load_demo(options):
    return None
