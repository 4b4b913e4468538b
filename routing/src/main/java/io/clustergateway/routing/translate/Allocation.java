package io.clustergateway.routing.translate;

import io.clustergateway.routing.ModelProblem;
import java.util.List;

/** The virtual ranges given out, and what kept some from being given (each naming its key and value). */
public record Allocation(VirtualRanges ranges, List<ModelProblem> problems) {
    public Allocation {
        problems = List.copyOf(problems);
    }
}
