/** @landscape-lab/trainers (placeholder until its issue lands). */
export {};
