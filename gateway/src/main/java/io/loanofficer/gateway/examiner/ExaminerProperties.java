package io.loanofficer.gateway.examiner;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/** @param scanRecordsPerPartition how far back the conversation list looks in each partition of audit.events */
@ConfigurationProperties("gateway.examiner")
public record ExaminerProperties(@DefaultValue("10000") long scanRecordsPerPartition) {}
