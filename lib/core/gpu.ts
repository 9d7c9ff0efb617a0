/** The extended resource NVIDIA's device plugin advertises: what quotas, limits and Kueue count. */
export const GPU_RESOURCE = 'nvidia.com/gpu';
