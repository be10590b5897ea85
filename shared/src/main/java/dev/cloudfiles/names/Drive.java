package dev.cloudfiles.names;

/** One drive of one project: the unit of isolation, and the index's partition. */
public record Drive(ProjectId project, DriveName name) {

    public static Drive of(String project, String drive) {
        return new Drive(new ProjectId(project), new DriveName(drive));
    }

    /** The DynamoDB partition key of this drive's files. Neither part can contain '/'. */
    public String partitionKey() {
        return project.value() + "/" + name.value();
    }

    @Override
    public String toString() {
        return partitionKey();
    }
}
