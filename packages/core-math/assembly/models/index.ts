// model kernels: placeholder until the trainers family lands.
