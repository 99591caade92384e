package dev.microlab.eventstore;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("FileEventStore (contract)")
class FileEventStoreContractTest extends EventStoreContractTest {

    @TempDir
    Path dir;

    private int maxEventSize;

    @Override
    protected EventStore newStore(int maxEventSize) {
        this.maxEventSize = maxEventSize;
        return open();
    }

    private FileEventStore open() {
        return FileEventStore.builder(dir).timeSource(time).maxEventSize(maxEventSize)
                .fsyncPolicy(FsyncPolicy.always()).segmentSize(1024).open();
    }

    @Override
    protected EventStore reopen(EventStore current) {
        current.close();
        return open();
    }
}
