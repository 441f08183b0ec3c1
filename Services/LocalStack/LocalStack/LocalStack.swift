// LocalStack: module under construction; replaced by its real sources.
