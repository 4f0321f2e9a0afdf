// eigen kernels: placeholder until the family lands.
