// Simulator: module under construction; replaced by its real sources.
