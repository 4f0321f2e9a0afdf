/** @landscape-lab/landscape-analysis (placeholder until its issue lands). */
export {};
