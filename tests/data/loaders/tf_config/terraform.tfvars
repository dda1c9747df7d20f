memory = 256
