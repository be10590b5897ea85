package dev.cloudfiles.local;

/** The three servers of the local stack, with the variable of {@code make run} that moves each one. */
public enum LocalService {
    GATEWAY("the API gateway", "CLOUD_FILES_LOCAL_PORT", "port"),
    S3("S3 (S3Proxy)", "CLOUD_FILES_LOCAL_S3_PORT", "s3-port"),
    DYNAMODB("DynamoDB (dynalite)", "CLOUD_FILES_LOCAL_DYNAMODB_PORT", "dynamodb-port");

    private final String description;
    private final String variable;
    private final String flag;

    LocalService(String description, String variable, String flag) {
        this.description = description;
        this.variable = variable;
        this.flag = flag;
    }

    public String description() {
        return description;
    }

    /** The environment variable of {@link Main} that sets this server's port. */
    public String variable() {
        return variable;
    }

    /** The command-line flag of {@link Main} ({@code --flag=PORT}) that sets this server's port. */
    public String flag() {
        return flag;
    }
}
