using System.Security.Cryptography;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;
using Kyc.Testing;
using Xunit;

namespace Kyc.Smoke.Tests;

public sealed class S3SmokeTests
{
    [Fact]
    public async Task An_object_put_reads_back_byte_identical()
    {
        using var s3 = new AmazonS3Client(
            new BasicAWSCredentials(StackSettings.S3AccessKey, StackSettings.S3SecretKey),
            new AmazonS3Config
            {
                ServiceURL = StackSettings.S3Endpoint.ToString(),
                ForcePathStyle = true,
                AuthenticationRegion = "us-east-1",
                RequestChecksumCalculation = RequestChecksumCalculation.WHEN_REQUIRED,
                ResponseChecksumValidation = ResponseChecksumValidation.WHEN_REQUIRED,
                Timeout = TimeSpan.FromSeconds(10),
            });
        var content = RandomNumberGenerator.GetBytes(300_000);
        var key = $"smoke/{Guid.NewGuid():N}.bin";

        await s3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = StackSettings.S3Bucket,
            Key = key,
            InputStream = new MemoryStream(content),
            ContentType = "application/octet-stream",
            UseChunkEncoding = false,
        });
        using var response = await s3.GetObjectAsync(StackSettings.S3Bucket, key);
        using var read = new MemoryStream();
        await response.ResponseStream.CopyToAsync(read);

        Assert.Equal(SHA256.HashData(content), SHA256.HashData(read.ToArray()));
        Assert.Equal(content.Length, read.Length);
    }
}
