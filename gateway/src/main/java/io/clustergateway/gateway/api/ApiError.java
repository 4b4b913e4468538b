package io.clustergateway.gateway.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Every 400 of the API has the same JSON shape: {"error": "...", "accepted": [...]}. */
public record ApiError(String error, List<String> accepted) {

    public static class Mapper {
        @ServerExceptionMapper
        public Response unknownValue(UnknownValueException e) {
            return Response.status(Response.Status.BAD_REQUEST)
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(new ApiError(e.getMessage(), e.accepted()))
                    .build();
        }
    }
}
