package dev.cloudfiles.bench;

import java.util.Arrays;

/** The statistics every benchmark reports: medians, and ratios of pairs measured back to back. */
final class Stats {
    private Stats() {}

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** a[i] / b[i] for every pair: each pair ran back to back, under the same load. */
    static double[] pairedRatios(double[] a, double[] b) {
        double[] ratios = new double[a.length];
        for (int i = 0; i < a.length; i++) ratios[i] = a[i] / b[i];
        return ratios;
    }

    /** The median of the pairwise ratios a[i] / b[i]. */
    static double pairedRatio(double[] a, double[] b) {
        return median(pairedRatios(a, b));
    }

    /** Something to time; it may throw. */
    interface Work {
        void run() throws Exception;
    }

    /** How long {@code work} took, in milliseconds. */
    static double millis(Work work) throws Exception {
        long t0 = System.nanoTime();
        work.run();
        return (System.nanoTime() - t0) / 1e6;
    }
}
