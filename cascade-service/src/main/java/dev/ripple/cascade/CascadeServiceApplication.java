package dev.ripple.cascade;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class CascadeServiceApplication {

    public static void main(String[] args) {
        SpringApplication.run(CascadeServiceApplication.class, args);
    }
}
